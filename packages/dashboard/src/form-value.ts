/** A form field's text, trimmed. */
export const formValue = (form: HTMLFormElement, name: string): string => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
