-- The per-city stock state comes from the newest observation that listed the listing's cities, which need not
-- be its newest observation (a feed line may omit availability, or arrive late); the importer compares a
-- line's availability with this time, not with the price's (see write-listings.ts).
ALTER TABLE current_prices ADD COLUMN stock_observed_at timestamptz;
COMMENT ON COLUMN current_prices.stock_observed_at IS 'When the listing''s stock and delivery times per city (availability_status, inventory_levels, delivery_estimates) were last observed: the newest feed observation that listed its cities. Null for rows imported before this column existed, until their cities are observed again.';
