// The languages LDB reads, and how the core picks one: by file extension, or by the editor's
// language id. Adding a language is its own folder under languages/ and one line in LANGUAGES.
import * as path from 'node:path';
import { badInput } from '../errors';
import type { LanguageSupport } from './support';
import { javascript, typescript } from './javascript';
import { python } from './python';

/** The first one also reads files whose extension no language claims (a script without `.py`). */
const LANGUAGES: readonly LanguageSupport[] = [python, javascript, typescript];

export function allLanguages(): readonly LanguageSupport[] {
  return LANGUAGES;
}

/** The language a file is written in, by its extension; undefined when no support claims it. */
export function languageForPath(file: string): LanguageSupport | undefined {
  const ext = path.extname(file).toLowerCase();
  return LANGUAGES.find((l) => l.extensions.includes(ext));
}

/** As languageForPath, with files of an unclaimed extension read as the first language. */
export function languageForPathOrDefault(file: string): LanguageSupport {
  return languageForPath(file) ?? LANGUAGES[0];
}

export function languageById(id: string): LanguageSupport {
  const found = LANGUAGES.find((l) => l.id === id);
  if (!found)
    throw badInput(`no language support for '${id}': LDB reads ${supportedExtensions().join(', ')} files`);
  return found;
}

/** The support for a VS Code document's language id, if any. */
export function languageForEditor(languageId: string): LanguageSupport | undefined {
  return LANGUAGES.find((l) => l.editorLanguageIds.includes(languageId));
}

export function allLanguageIds(): string[] {
  return LANGUAGES.map((l) => l.id);
}

export function supportedExtensions(): string[] {
  return LANGUAGES.flatMap((l) => [...l.extensions]);
}
