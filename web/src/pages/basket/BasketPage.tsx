import { useCallback, useEffect, useId, useState } from 'react';
import { type ApiError, api, type ResponseOf } from '../../api/client.ts';
import { productOption, searchProducts } from '../../api/search.ts';
import { Combobox, type Option } from '../../components/Combobox.tsx';
import { Empty, ErrorView, Loading } from '../../components/states.tsx';
import { useShopperLocation } from '../../location.tsx';
import { asApiError } from '../../use-api.ts';
import { BasketResult } from './BasketResult.tsx';

export type BasketComparison = ResponseOf<'POST /api/v1/basket/compare'>;
interface Item {
  product_id: number;
  label: string;
  quantity: number;
}

const STORAGE_KEY = 'qcd.basket';

function rememberedItems(): Item[] {
  try {
    const saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '[]') as Item[];
    return Array.isArray(saved) ? saved.filter((i) => Number.isInteger(i.product_id) && i.quantity >= 1) : [];
  } catch {
    return [];
  }
}

export function BasketPage() {
  const { location, cities } = useShopperLocation();
  const [items, setItems] = useState<Item[]>(rememberedItems);
  const [text, setText] = useState('');
  const [city, setCity] = useState(location.city);
  const [result, setResult] = useState<BasketComparison | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const cityId = useId();
  const hits = useCallback(
    async (q: string, signal: AbortSignal) => (await searchProducts(q, signal)).map(productOption),
    [],
  );

  useEffect(() => window.localStorage.setItem(STORAGE_KEY, JSON.stringify(items)), [items]);
  useEffect(() => {
    if (!city && location.city) setCity(location.city);
  }, [city, location.city]);

  const add = (option: Option) => {
    const id = Number(option.id.replace('product-', ''));
    setItems((current) =>
      current.some((i) => i.product_id === id)
        ? current.map((i) => (i.product_id === id ? { ...i, quantity: Math.min(99, i.quantity + 1) } : i))
        : [...current, { product_id: id, label: option.label, quantity: 1 }],
    );
    setText('');
    setResult(null);
  };
  const setQuantity = (id: number, quantity: number) => {
    setItems((current) =>
      current.map((i) => (i.product_id === id ? { ...i, quantity: Math.max(1, Math.min(99, quantity)) } : i)),
    );
    setResult(null);
  };
  const remove = (id: number) => {
    setItems((current) => current.filter((i) => i.product_id !== id));
    setResult(null);
  };

  const compare = async () => {
    setLoading(true);
    setError(null);
    try {
      setResult(
        await api('POST /api/v1/basket/compare', {
          body: { city, items: items.map(({ product_id, quantity }) => ({ product_id, quantity })) },
        }),
      );
    } catch (failure) {
      setResult(null);
      setError(asApiError(failure));
    } finally {
      setLoading(false);
    }
  };

  return (
    <section aria-labelledby="basket-title">
      <h1 id="basket-title">Basket</h1>
      <div className="card">
        <Combobox
          label="Add a product"
          value={text}
          onChange={setText}
          fetchOptions={hits}
          onPick={add}
          placeholder="Start typing a product name"
        />
        {items.length === 0 ? (
          <Empty>Your basket is empty. Search for products above to add them.</Empty>
        ) : (
          <ul className="basket-items" aria-label="Basket items">
            {items.map((item) => (
              <li key={item.product_id} data-testid="basket-item">
                <span>{item.label}</span>
                <span>
                  <label>
                    <span className="visually-hidden">Quantity of {item.label}</span>
                    <input
                      type="number"
                      min={1}
                      max={99}
                      value={item.quantity}
                      onChange={(e) => setQuantity(item.product_id, Number(e.target.value) || 1)}
                    />
                  </label>{' '}
                  <button
                    type="button"
                    onClick={() => remove(item.product_id)}
                    aria-label={`Remove ${item.label}`}
                  >
                    Remove
                  </button>
                </span>
              </li>
            ))}
          </ul>
        )}
        <form
          className="filters"
          onSubmit={(event) => {
            event.preventDefault();
            void compare();
          }}
        >
          <div className="field">
            <label htmlFor={cityId}>Deliver to</label>
            <select id={cityId} value={city} onChange={(e) => setCity(e.target.value)} required>
              <option value="">Choose a city</option>
              {cities.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </div>
          <button type="submit" className="primary" disabled={items.length === 0 || !city || loading}>
            Compare platforms
          </button>
        </form>
      </div>
      <div aria-live="polite" aria-busy={loading}>
        {loading && <Loading label="Pricing your basket on every platform…" />}
        {error && <ErrorView error={error} onRetry={() => void compare()} />}
        {result && !loading && <BasketResult result={result} />}
      </div>
    </section>
  );
}
