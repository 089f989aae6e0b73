import { UsageError, type CliCommand } from '../io';

// Placeholder until the eval command lands; replaced by its owner.
const run: CliCommand = async () => {
  throw new UsageError('the "eval" command is not available in this build yet');
};
export default run;
