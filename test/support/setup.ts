// Registers toReceiveCommandWith and friends for aws-sdk-client-mock.
import 'aws-sdk-client-mock-vitest/extend';

// The log tag key tests run with (functions/shared/fingerprint.ts refuses to tag without one); a test about the key stubs its own.
process.env.LOG_TAG_KEY ||= 'test-log-tag-key';
