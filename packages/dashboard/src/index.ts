// @vigil/dashboard, Node side: where the built browser app lies, for `vigil serve` to serve it.
// The app itself (src/main.tsx and what it imports) is built by Vite, not exported.

export { dashboardDistDir } from './dist-dir.js';
