-- Ledger import (issue 16): a committee's spreadsheet brought into the hub is recorded in the
-- burden ledger as its own kind (it is work a committee did once instead of re-typing records).
ALTER TYPE "BurdenKind" ADD VALUE 'IMPORT';
