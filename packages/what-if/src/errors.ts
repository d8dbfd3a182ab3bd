import { StemMatchError } from '@stem-match/domain';

/** An `--add` or `--batch` text that cannot be read; the message says what was wrong and gives an example. */
export class RecruitTextError extends StemMatchError {
  readonly code = 'VALIDATION_FAILED';
}

/** A question the data cannot answer as put: a place it cannot locate, a recruit id it already has. */
export class WhatIfInputError extends StemMatchError {
  readonly code = 'VALIDATION_FAILED';
}
