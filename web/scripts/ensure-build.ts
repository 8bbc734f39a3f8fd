/**
 * Runs before `npm start`: builds the web UI when web/dist is missing or older than web/src, so a fresh
 * clone serves the UI after `npm install && npm start`. Without the build tools (a production install
 * without devDependencies) it says so and lets the server start with the API only.
 */
import { buildWeb, webBuildIsStale } from './web-build.ts';

if (webBuildIsStale()) {
  try {
    console.log('Building the web UI (web/dist is missing or older than web/src)…');
    await buildWeb();
    console.log('Built the web UI into web/dist.');
  } catch (error) {
    console.warn(`Could not build the web UI, serving the API only: ${(error as Error).message}`);
  }
}
