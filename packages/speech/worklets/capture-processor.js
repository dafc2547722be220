/* global AudioWorkletProcessor, registerProcessor */
// The AudioWorklet side of startMicrophone (src/audio/microphone.ts): copies the first input
// channel out of the audio thread in batches of `batch` samples (128-sample render quanta would
// be too many messages). A plain script file, loaded by URL from the page's own origin, so a
// Content-Security-Policy needs no `blob:` in script-src; bundlers emit it as an asset through
// `new URL('…/capture-processor.js', import.meta.url)`.
class TandemCapture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.batch = options.processorOptions.batch;
    this.buffer = new Float32Array(this.batch);
    this.filled = 0;
    this.port.onmessage = () => this.flush();
  }

  flush() {
    if (this.filled === 0) return;
    const out = this.buffer.slice(0, this.filled);
    this.port.postMessage(out, [out.buffer]);
    this.filled = 0;
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) {
      let i = 0;
      while (i < channel.length) {
        const n = Math.min(channel.length - i, this.batch - this.filled);
        this.buffer.set(channel.subarray(i, i + n), this.filled);
        this.filled += n;
        i += n;
        if (this.filled === this.batch) this.flush();
      }
    }
    return true;
  }
}

registerProcessor('tandem-capture', TandemCapture);
