import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export default {
  entry: './src/main.ts',
  output: { path: resolve(import.meta.dirname, 'dist'), filename: 'main.js', clean: true },
  resolve: { extensions: ['.ts', '.js'] },
  module: { rules: [{ test: /\.ts$/, use: { loader: 'ts-loader', options: { transpileOnly: true } } }] },
  plugins: [
    {
      apply(compiler) {
        compiler.hooks.afterEmit.tap('copy-index-html', () => {
          mkdirSync(compiler.outputPath, { recursive: true });
          copyFileSync('index.html', resolve(compiler.outputPath, 'index.html'));
        });
      },
    },
  ],
};
