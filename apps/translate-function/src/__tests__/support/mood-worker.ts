import { appOptionsFromEnv, createTranslateApp, type FunctionEnv } from '@tandem/functions';
import { moodFunction } from './mood-function.js';

/** A Worker entry with a route of the developer's own beside the built-in ones (tests only); one app per isolate. */
let app: ReturnType<typeof createTranslateApp> | undefined;

export default {
  fetch(request: Request, env: FunctionEnv): Response | Promise<Response> {
    app ??= createTranslateApp({ ...appOptionsFromEnv(env), functions: [moodFunction] });
    return app.fetch(request);
  },
};
