-- Records in reading order (by date, undated last, then id): listing,
-- streaming and previous/next on the record page all walk this order.
CREATE INDEX records_order ON records ((date_start IS NULL), coalesce(date_start, ''), id);
