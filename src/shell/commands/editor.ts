/**
 * `vi`, `vim` and `nano`: the browser opens its editor on the file (ctx.effects.edit) and saves it
 * back; the command itself prints nothing. The command-line runner explains there is no editor.
 */
import type { CommandSpec } from '../context';
import { fsRead, fsResolve } from '../../emulator/fs';

function editor(name: string): CommandSpec {
  return {
    name,
    summary: 'edit a file (opens the lab editor)',
    usage: `${name} FILE`,
    run(ctx) {
      const file = ctx.argv.slice(1).find((a) => !a.startsWith('-') && !a.startsWith('+'));
      if (file === undefined) {
        ctx.effects.edit = { path: '', content: '' };
        return 0;
      }
      const path = fsResolve(ctx.shell.cwd, file);
      const content = fsRead(ctx.node.fs, path);
      if (content === 'EISDIR') {
        // vim shows a directory listing (netrw); we open nothing and say why, like nano does.
        ctx.err(`${name}: ${file}: Is a directory\n`);
        return 1;
      }
      ctx.effects.edit = { path, content: content === 'ENOENT' || content === 'ENOTDIR' ? '' : content };
      return 0;
    },
  };
}

export const editorCommands: CommandSpec[] = [editor('vi'), editor('vim'), editor('nano')];
