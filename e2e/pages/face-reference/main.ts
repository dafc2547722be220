/**
 * The reference for the face detector test: upstream @vladmandic/face-api (its own bundled
 * TF.js, cpu backend) on the same fixture photos. Kept on its own page because two copies of
 * TF.js in one realm would share (and fight over) TF.js's global engine.
 */
import * as faceapi from '@vladmandic/face-api';

const MODEL_DIR = '/models/tiny-face-detector';

/** face-api's typings declare only part of its bundled TF.js; these three calls exist at run time. */
const tf = faceapi.tf as unknown as { setBackend(name: string): Promise<boolean>; ready(): Promise<void>; getBackend(): string };

async function detect(urls: string[]) {
  await tf.setBackend('cpu');
  await tf.ready();
  await faceapi.nets.tinyFaceDetector.loadFromUri(MODEL_DIR);
  const results = [];
  for (const url of urls) {
    const image = new Image();
    image.src = url;
    await image.decode();
    const found = await faceapi.detectAllFaces(image, new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.5 }));
    results.push({
      image: url,
      backend: tf.getBackend(),
      faces: found.map((d) => ({
        score: d.score,
        box: { x: d.relativeBox.x, y: d.relativeBox.y, width: d.relativeBox.width, height: d.relativeBox.height },
      })),
    });
  }
  return results;
}

declare global {
  interface Window {
    faceReference: { detect: typeof detect };
  }
}

window.faceReference = { detect };
document.getElementById('status')!.textContent = 'ready';
