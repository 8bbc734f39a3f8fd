-- Stock history keeps changes, not every repeat of an unchanged state (see write-listings.ts).
COMMENT ON TABLE inventory_history IS 'Past stock and delivery-time changes of a listing per city: a row whenever in-stock, stock quantity or delivery time differed from the previous observation.';
COMMENT ON COLUMN inventory_history.recorded_at IS 'When the new stock or delivery-time state was first observed.';
