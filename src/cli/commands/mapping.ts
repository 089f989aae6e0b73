import { UsageError, type CliCommand } from '../io';

// Placeholder until the mapping command lands; replaced by its owner.
const run: CliCommand = async () => {
  throw new UsageError('the "mapping" command is not available in this build yet');
};
export default run;
