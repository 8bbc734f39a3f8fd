-- Live price stream: a durable, ordered log of committed changes that the SSE stream replays and follows.
CREATE TABLE price_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('price', 'stock', 'eta', 'flash_sale')),
  listing_id bigint NOT NULL,
  product_id bigint NOT NULL,
  platform_id integer NOT NULL,
  city_id integer,
  old_price numeric(10, 2),
  new_price numeric(10, 2),
  mrp numeric(10, 2),
  old_in_stock boolean,
  new_in_stock boolean,
  old_eta_minutes integer,
  new_eta_minutes integer,
  changed_at timestamptz NOT NULL,
  committed_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE price_events IS 'Internal log of the live price stream: one row per committed change of a listing''s price, stock, delivery time or flash sale, kept for a short retention so stream clients can resume. Use price_changes or price_history for price questions.';
COMMENT ON COLUMN price_events.id IS 'Stream position: strictly increasing in commit order; clients resume after the last id they saw.';
COMMENT ON COLUMN price_events.kind IS 'What changed: price (selling price), stock (in stock in a city), eta (delivery minutes in a city) or flash_sale (a flash sale started or ended, with the price before and after).';
COMMENT ON COLUMN price_events.listing_id IS 'The platform listing that changed (platform_listings.id).';
COMMENT ON COLUMN price_events.product_id IS 'Product of the listing (products.id).';
COMMENT ON COLUMN price_events.platform_id IS 'Platform of the listing (platforms.id).';
COMMENT ON COLUMN price_events.city_id IS 'City of a stock or delivery-time change (cities.id); null for platform-wide price and flash-sale changes.';
COMMENT ON COLUMN price_events.old_price IS 'Selling price in rupees before the change; null for a listing seen for the first time.';
COMMENT ON COLUMN price_events.new_price IS 'Selling price in rupees after the change.';
COMMENT ON COLUMN price_events.mrp IS 'Maximum retail price in rupees after the change.';
COMMENT ON COLUMN price_events.old_in_stock IS 'Whether it was in stock in the city before the change; null when the city was not listed before.';
COMMENT ON COLUMN price_events.new_in_stock IS 'Whether it is in stock in the city after the change; null when the city is no longer listed.';
COMMENT ON COLUMN price_events.old_eta_minutes IS 'Delivery estimate in minutes before the change.';
COMMENT ON COLUMN price_events.new_eta_minutes IS 'Delivery estimate in minutes after the change.';
COMMENT ON COLUMN price_events.changed_at IS 'When the platform showed the new value (the observation time from the feed).';
COMMENT ON COLUMN price_events.committed_at IS 'When the change was written; old events are pruned by this time.';
CREATE INDEX price_events_committed_at ON price_events (committed_at);
