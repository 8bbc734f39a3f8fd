import type { ReactNode } from 'react';
import { LocationPicker } from './components/LocationPicker.tsx';
import { AskPage } from './pages/ask/AskPage.tsx';
import { BasketPage } from './pages/basket/BasketPage.tsx';
import { DealsPage } from './pages/deals/DealsPage.tsx';
import { LivePage } from './pages/live/LivePage.tsx';
import { ProductPage } from './pages/product/ProductPage.tsx';
import { StatusPage } from './pages/status/StatusPage.tsx';
import { Link, useRoute } from './router.tsx';

const NAV = [
  { to: '/', label: 'Ask' },
  { to: '/deals', label: 'Deals' },
  { to: '/basket', label: 'Basket' },
  { to: '/live', label: 'Live' },
  { to: '/status', label: 'Status' },
];

function page(path: string): ReactNode {
  const product = /^\/product\/(\d+)\/?$/.exec(path);
  if (product) return <ProductPage productId={Number(product[1])} />;
  switch (path.replace(/\/$/, '') || '/') {
    case '/':
      return <AskPage />;
    case '/deals':
      return <DealsPage />;
    case '/basket':
      return <BasketPage />;
    case '/live':
      return <LivePage />;
    case '/status':
      return <StatusPage />;
    default:
      return (
        <section>
          <h1>Page not found</h1>
          <p>
            There is no page at <code>{path}</code>. <Link to="/">Ask a question</Link> instead.
          </p>
        </section>
      );
  }
}

export function App() {
  const { path } = useRoute();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          Quick Commerce Deals
        </Link>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={path === item.to ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <LocationPicker />
      </header>
      <main id="main" tabIndex={-1}>
        {page(path)}
      </main>
    </>
  );
}
