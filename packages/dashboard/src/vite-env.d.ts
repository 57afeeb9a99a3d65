// Vite's types for what the app imports besides modules (styles.css).
/// <reference types="vite/client" />
