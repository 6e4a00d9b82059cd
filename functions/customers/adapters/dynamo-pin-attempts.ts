import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as keys from '../../shared/keys';
import { PinAttemptConflictError } from '../errors';
import type { PinAttemptClaim, PinAttemptLedger, PinLockoutPolicy } from '../pin-lockout';

/**
 * The account's PIN attempts on the single table (`CUSTOMER#<account>` /
 * `PIN#ATTEMPTS`): `attempts` and `lastAttemptAt` (epoch ms). Attempts less
 * than the lock time apart add up; the record expires (TTL) once the lock is over.
 *
 * A claim is one conditional UpdateItem, so two simultaneous claims can never
 * both take the last attempt: either the count is below the limit within the
 * window (ADD 1), or the window is over and the count starts again at 1.
 */
export class DynamoPinAttemptLedger implements PinAttemptLedger {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(accountNumber: string, now: Date, policy: PinLockoutPolicy): Promise<PinAttemptClaim> {
    const lockMs = policy.lockMinutes * 60_000;
    const values = { ':now': now.getTime(), ':stale': now.getTime() - lockMs, ':exp': Math.ceil((now.getTime() + lockMs) / 1000) + 60 };
    // Bounded: each round either claims, finds the lock, or lost to a writer that changed the window.
    for (let round = 0; round < 3; round++) {
      const within = await this.update(accountNumber, {
        UpdateExpression: 'ADD attempts :one SET lastAttemptAt = :now, expiresAt = :exp',
        ConditionExpression: 'lastAttemptAt > :stale AND attempts < :max',
        ExpressionAttributeValues: { ...values, ':one': 1, ':max': policy.maxAttempts },
      });
      if (within) return { admitted: true, attemptsLeft: policy.maxAttempts - Number(within.attempts) };
      const fresh = await this.update(accountNumber, {
        UpdateExpression: 'SET attempts = :one, lastAttemptAt = :now, expiresAt = :exp',
        ConditionExpression: 'attribute_not_exists(pk) OR lastAttemptAt <= :stale',
        ExpressionAttributeValues: { ...values, ':one': 1 },
      });
      if (fresh) return { admitted: true, attemptsLeft: policy.maxAttempts - 1 };
      const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.pinAttempts(accountNumber), ConsistentRead: true }));
      if (Item && Number(Item.attempts) >= policy.maxAttempts && Number(Item.lastAttemptAt) > values[':stale']) {
        return { admitted: false, lockedUntil: new Date(Number(Item.lastAttemptAt) + lockMs) };
      }
    }
    throw new PinAttemptConflictError();
  }

  async reset(accountNumber: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.pinAttempts(accountNumber) }));
  }

  private async update(accountNumber: string, expression: { UpdateExpression: string; ConditionExpression: string; ExpressionAttributeValues: Record<string, number> }) {
    try {
      const { Attributes } = await this.doc.send(new UpdateCommand({ TableName: this.tableName, Key: keys.pinAttempts(accountNumber), ReturnValues: 'ALL_NEW', ...expression }));
      return Attributes;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}
