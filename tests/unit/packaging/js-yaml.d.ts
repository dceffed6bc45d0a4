// js-yaml (electron-builder's own YAML reader) ships no types; this test needs only load().
declare module 'js-yaml' {
  const yaml: { load(text: string): unknown };
  export default yaml;
}
