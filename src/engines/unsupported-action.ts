import { CompatlabError } from '../core/errors.js';

export class UnsupportedActionError extends CompatlabError {
  constructor(engine: string, action: string) {
    super('UNSUPPORTED_ACTION', `${action} is not an action ${engine} has`);
  }
}
