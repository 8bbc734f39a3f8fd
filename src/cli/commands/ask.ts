import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { createServices } from '../../app/services.ts';
import { parseEnv } from '../../config/env.ts';
import type { QueryResponse } from '../../nlq/response.ts';
import { AppError, toErrorBody } from '../../shared/errors.ts';
import { createLogger } from '../../shared/logger.ts';

interface AskOptions {
  city?: string;
  pincode?: string;
  json?: boolean;
  stdin?: boolean;
}

function present(response: QueryResponse): string {
  const lines = [response.answer, '', response.explanation];
  if (response.results.length > 0) lines.push('', formatTable(response.results.slice(0, 20)));
  if (response.suggestions.length > 0) lines.push('', `Try: ${response.suggestions.join(' · ')}`);
  return `${lines.join('\n')}\n`;
}

function formatTable(rows: QueryResponse['results']): string {
  const columns = Object.keys(rows[0] ?? {}).filter((c) => !c.endsWith('_id'));
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const widths = columns.map((c) => Math.min(40, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))));
  const line = (values: string[]) => values.map((v, i) => v.slice(0, 40).padEnd(widths[i]!)).join('  ');
  return [line(columns), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n');
}

export function registerAskCommand(program: Command): void {
  program
    .command('ask')
    .description('Ask a question in plain language; exit 0 on an answer, 2 on a refusal')
    .argument('[question]', 'the question (omit with --stdin)')
    .option('--city <city>', 'shopper city (a city named in the question wins)')
    .option('--pincode <pincode>', 'shopper pincode')
    .option('--json', 'print the QueryResponse (or refusal) as JSON')
    .option('--stdin', 'answer one question per input line, one JSON object per output line')
    .action(async (question: string | undefined, opts: AskOptions) => {
      const services = await createServices(parseEnv(), { logger: createLogger('warn', 'stderr') });
      const context = { city: opts.city, pincode: opts.pincode };
      // Refusals are answers too: printed in the API's error shape, exit code 2.
      const answer = async (q: string): Promise<{ ok: boolean; body: unknown; text: string }> => {
        try {
          const response = await services.nlq.ask(q, context, { apiKeyId: null });
          return { ok: true, body: response, text: present(response) };
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          const body = toErrorBody(error, services.clock.now());
          const text = `${error.message}\n${error.suggestions.length ? `Try: ${error.suggestions.join(' · ')}\n` : ''}`;
          return { ok: false, body, text };
        }
      };
      try {
        if (opts.stdin) {
          let refused = false;
          for await (const line of createInterface({ input: process.stdin })) {
            if (!line.trim()) continue;
            const result = await answer(line);
            refused ||= !result.ok;
            process.stdout.write(`${JSON.stringify(result.body)}\n`);
          }
          if (refused) process.exitCode = 2;
          return;
        }
        if (!question) {
          throw new AppError('BAD_REQUEST', 'Give a question, or use --stdin', {
            hint: 'Example: qcd ask "cheapest amul butter 500g in bengaluru"',
          });
        }
        const result = await answer(question);
        process.stdout.write(opts.json ? `${JSON.stringify(result.body, null, 2)}\n` : result.text);
        if (!result.ok) process.exitCode = 2;
      } finally {
        await services.close();
      }
    });
}
