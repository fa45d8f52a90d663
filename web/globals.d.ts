/** Operation documents of schema/operations/, bundled as text by esbuild (web/build.mjs). */
declare module '*.graphql' {
  const text: string;
  export default text;
}
declare module '*.css';
