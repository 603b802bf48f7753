/** html-encoding-sniffer 6 ships no types. */
declare module 'html-encoding-sniffer' {
  export interface SniffOptions {
    xml?: boolean;
    transportLayerEncodingLabel?: string;
    defaultEncoding?: string;
  }
  /** Returns a WHATWG encoding name ("UTF-8", "windows-1252", "Shift_JIS", ...). */
  export default function htmlEncodingSniffer(bytes: Uint8Array, options?: SniffOptions): string;
}
