import { useCallback, useEffect, useState } from 'react';
import { api, type ResponseOf } from '../../api/client.ts';
import { productAndBrandOptions } from '../../api/search.ts';
import { Combobox, type Option } from '../../components/Combobox.tsx';
import { ErrorView, Loading, Suggestions } from '../../components/states.tsx';
import { useShopperLocation } from '../../location.tsx';
import { navigate, useRoute } from '../../router.tsx';
import { useApi } from '../../use-api.ts';
import { AnswerView } from './AnswerView.tsx';

export type QueryAnswer = ResponseOf<'POST /api/v1/query'>;

/** Questions without product names from any one catalog, so they work on every deployment. */
const EXAMPLES = [
  'Cheapest butter in Mumbai',
  'Best deals on dairy right now',
  'Which platform delivers milk fastest in Bengaluru?',
  'Lowest price of onion in the last 30 days',
  'Which coupons work right now?',
  'Products with more than 30% discount',
];

/** The text up to the word being typed, and that word (what the autocomplete completes). */
function splitLastWord(text: string): [string, string] {
  const match = /^(.*?)(\S*)$/s.exec(text);
  return [match?.[1] ?? '', match?.[2] ?? ''];
}

export function AskPage() {
  const route = useRoute();
  const asked = route.search.get('q') ?? '';
  const [question, setQuestion] = useState(asked);
  const { location } = useShopperLocation();
  useEffect(() => setQuestion(asked), [asked]);

  const result = useApi<QueryAnswer>(
    asked
      ? (signal) =>
          api('POST /api/v1/query', {
            body: {
              query: asked,
              context: /^\d{6}$/.test(location.pincode)
                ? { pincode: location.pincode }
                : location.city
                  ? { city: location.city }
                  : {},
            },
            signal,
          })
      : null,
    [asked, location.city, location.pincode],
  );

  const ask = (text: string) => {
    const trimmed = text.trim();
    if (!trimmed) return;
    setQuestion(trimmed);
    if (trimmed === asked) result.reload();
    else navigate(`/?q=${encodeURIComponent(trimmed)}`);
  };

  const fetchOptions = useCallback((text: string, signal: AbortSignal) => {
    const [, word] = splitLastWord(text);
    return word.length >= 2 ? productAndBrandOptions(word, signal) : Promise.resolve([]);
  }, []);
  const complete = (option: Option) => {
    const [head] = splitLastWord(question);
    setQuestion(`${head}${option.label} `);
  };

  return (
    <section aria-labelledby="ask-title">
      <h1 id="ask-title">Ask about grocery prices</h1>
      <form
        className="ask-form"
        onSubmit={(event) => {
          event.preventDefault();
          ask(question);
        }}
      >
        <Combobox
          label="Your question"
          value={question}
          onChange={setQuestion}
          fetchOptions={fetchOptions}
          onPick={complete}
          onEnter={() => ask(question)}
          placeholder="e.g. cheapest butter in Mumbai"
        />
        <button type="submit" className="primary" disabled={!question.trim()}>
          Ask
        </button>
      </form>
      <div className="examples">
        <Suggestions items={EXAMPLES} onPick={ask} label="Examples" />
      </div>
      <div aria-live="polite" aria-busy={result.loading}>
        {result.loading && <Loading label="Working out the answer…" />}
        {result.error && <ErrorView error={result.error} onSuggestion={ask} />}
        {result.data && !result.loading && <AnswerView answer={result.data} onSuggestion={ask} />}
      </div>
    </section>
  );
}
