/**
 * jsonc-parser's `main` is a UMD build whose `require("./impl/format")` esbuild cannot follow, so a
 * bundle that imports 'jsonc-parser' fails at runtime ("Cannot find module './impl/format'"). Its
 * ESM build bundles cleanly; drop this shim once esbuild.mjs prefers `module` (mainFields).
 */
export * from 'jsonc-parser/lib/esm/main';
