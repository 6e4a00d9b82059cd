// Registers toReceiveCommandWith and friends for aws-sdk-client-mock.
import { inject } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';

// The log tag key tests run with (functions/shared/fingerprint.ts refuses to tag without one); a test about the key stubs its own.
process.env.LOG_TAG_KEY ||= 'test-log-tag-key';

// A local runtime started by a test keeps its table on the run's DynamoDB Local for runtimes (global-setup.ts) instead of
// starting a Java process of its own (local/runtime.ts, `dynamodbEndpoint`); a test that kills DynamoDB Local asks for its own.
process.env.LOCAL_DYNAMODB_ENDPOINT = inject('runtimeDynamoEndpoint');
