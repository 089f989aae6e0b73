import { UsageError, type CliCommand } from '../io';

// Placeholder until the validate command lands; replaced by its owner.
const run: CliCommand = async () => {
  throw new UsageError('the "validate" command is not available in this build yet');
};
export default run;
