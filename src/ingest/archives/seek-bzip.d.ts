/** The part of seek-bzip's API leaklens uses (the package ships no types). */
declare module 'seek-bzip' {
  interface InputStream {
    readByte(): number;
    read(buf: Uint8Array, off: number, len: number): number;
    seek(pos: number): void;
    eof(): boolean;
  }
  interface OutputStream {
    writeByte(b: number): void;
  }
  const Bunzip: {
    decode(
      input: Buffer | InputStream,
      output?: number | Buffer | OutputStream,
      multistream?: boolean,
    ): Buffer;
  };
  export default Bunzip;
}
