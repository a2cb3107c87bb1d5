/**
 * Optional attention signals for new replies while the visitor looks elsewhere: a count in the page
 * title ("(2) Page") and a short beep (Web Audio, no sound file). Both are off unless asked for.
 */
export function createAttention() {
  let baseTitle: string | undefined;
  let count = 0;
  let audio: AudioContext | undefined;
  return {
    notify({ title, sound }: { title: boolean; sound: boolean }): void {
      if (title) {
        baseTitle ??= document.title;
        document.title = `(${++count}) ${baseTitle}`;
      }
      if (sound && !matchMedia('(prefers-reduced-motion: reduce)').matches) {
        try {
          audio ??= new AudioContext();
          const tone = audio.createOscillator();
          const gain = audio.createGain();
          gain.gain.value = 0.05;
          tone.frequency.value = 880;
          tone.connect(gain).connect(audio.destination);
          tone.start();
          tone.stop(audio.currentTime + 0.12);
        } catch (error) {
          console.debug('chat-widget: sound unavailable', error); // browsers may refuse audio before a user gesture
        }
      }
    },
    clear(): void {
      if (baseTitle !== undefined) document.title = baseTitle;
      baseTitle = undefined;
      count = 0;
    },
  };
}
