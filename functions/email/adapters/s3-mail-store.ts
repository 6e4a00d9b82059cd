import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { RawMailMissingError } from '../errors';
import type { AttachmentStore, RawMailStore } from '../ports';

/** Raw mail written by the SES S3 action, and attachments next to it, in the encrypted mail bucket. */
export class S3MailStore implements RawMailStore, AttachmentStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  location(sesMessageId: string): string {
    return `s3://${this.bucket}/${this.prefix}${sesMessageId}`;
  }

  async read(sesMessageId: string): Promise<Uint8Array> {
    try {
      const { Body } = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: `${this.prefix}${sesMessageId}` }));
      if (!Body) throw new RawMailMissingError(`empty object for ${sesMessageId}`);
      return await Body.transformToByteArray();
    } catch (error) {
      if (error instanceof NoSuchKey) throw new RawMailMissingError(`no raw mail stored for ${sesMessageId}`, { cause: error });
      throw error;
    }
  }

  async put(key: string, content: Uint8Array, contentType: string): Promise<string> {
    // The bucket's default encryption (KMS) applies; the key is derived from the SES message id, so a redelivery overwrites the same object.
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: content, ContentType: contentType }));
    return `s3://${this.bucket}/${key}`;
  }
}
