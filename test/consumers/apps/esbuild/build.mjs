// Production bundle: minified, and any esbuild warning fails the build (an ignored import is one).
import { writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const result = await build({
  entryPoints: ['src/main.ts'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  outdir: 'dist',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
if (result.warnings.length) throw new Error(`${result.warnings.length} esbuild warning(s)`);
writeFileSync(
  'dist/index.html',
  `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <title>esbuild consumer</title>
    <script type="module" src="./main.js"></script>
  </head>
  <body>
    <iamport-certify-button adapter="/api" merchant-code="imp00000000" pg="danal" sdk-src="/api/sandbox/iamport/iamport.js"></iamport-certify-button>
    <output id="result"></output>
    <output id="error"></output>
  </body>
</html>
`,
);
