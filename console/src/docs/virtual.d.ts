/** The URLs console/build/docs-assets.ts adds to the build. */
declare module 'virtual:docs-assets' {
  export const specUrl: string;
  export const scalarUrl: string;
}
