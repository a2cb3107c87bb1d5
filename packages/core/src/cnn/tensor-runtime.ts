import { CoreError } from '../errors.ts';

export type Tf = typeof import('@tensorflow/tfjs');

let loading: Promise<Tf> | undefined;

/**
 * TensorFlow.js on its WebAssembly backend (XNNPACK kernels, shipped inside the npm package), loaded on
 * first use. The native tfjs-node backend downloads a binary at install and cannot install here; the
 * pure-JS CPU backend computes convolution gradients ~50× slower, so the model convolves by matMul over
 * shifted copies (im2col), which the WASM backend runs fast in both directions.
 */
export function loadTensorflow(): Promise<Tf> {
  loading ??= (async () => {
    try {
      const tf = await import('@tensorflow/tfjs');
      await import('@tensorflow/tfjs-backend-wasm');
      if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
      await tf.ready();
      return tf;
    } catch (error) {
      loading = undefined;
      throw new CoreError('CORE_MODEL_NOT_FOUND', 'cannot start TensorFlow.js (is @tensorflow/tfjs installed?)', { cause: error });
    }
  })();
  return loading;
}
