import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { RawMailMissingError } from '../errors';
import type { AttachmentStore, RawMailStore } from '../ports';

/**
 * The local runtime's stand-in for the mail bucket: `POST /email` writes the
 * .eml where SES's S3 action would have put it, and the handler reads it here.
 */
export class FileMailStore implements RawMailStore, AttachmentStore {
  constructor(
    private readonly dir: string,
    private readonly prefix: string,
  ) {}

  location(sesMessageId: string): string {
    return this.pathOf(`${this.prefix}${sesMessageId}`);
  }

  async read(sesMessageId: string): Promise<Uint8Array> {
    const path = this.location(sesMessageId);
    if (!existsSync(path)) throw new RawMailMissingError(`no raw mail stored for ${sesMessageId}`);
    return readFileSync(path);
  }

  async put(key: string, content: Uint8Array): Promise<string> {
    const path = this.pathOf(key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return path;
  }

  private pathOf(key: string): string {
    const root = resolve(this.dir);
    const path = resolve(join(root, key));
    if (!path.startsWith(root + sep)) throw new RawMailMissingError(`key escapes the mail directory: ${key}`);
    return path;
  }
}
