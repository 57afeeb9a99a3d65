// The members of the platform's TextEncoder and TextDecoder that the sketches use. Every browser and
// Node has them, but stats compiles with lib ES2023 and no DOM or Node types so that nothing else of
// either leaks in; these lines declare just the members used instead of adding the DOM library.
// `var` and the constructor shape match lib.dom's declarations, so the two would merge if combined.
/* eslint-disable no-var -- a global is declared with `var`, as lib.dom does, so the declarations merge */

interface TextEncoderEncodeIntoResult {
  read: number;
  written: number;
}

interface TextEncoder {
  /** UTF-8 of `input`; a lone surrogate becomes U+FFFD. */
  encode(input?: string): Uint8Array;
  /** Writes as much of `source` as fits into `destination`; `written` counts the bytes. */
  encodeInto(source: string, destination: Uint8Array): TextEncoderEncodeIntoResult;
}

declare var TextEncoder: {
  prototype: TextEncoder;
  new (): TextEncoder;
};

interface TextDecoderOptions {
  /** Throw a TypeError on malformed input instead of writing U+FFFD. */
  fatal?: boolean;
  /** Keep a leading byte order mark instead of dropping it. */
  ignoreBOM?: boolean;
}

interface TextDecoder {
  decode(input?: Uint8Array): string;
}

declare var TextDecoder: {
  prototype: TextDecoder;
  new (label?: string, options?: TextDecoderOptions): TextDecoder;
};
