"""Ledger enforcement in the database (docs/adr/0030-ledger-enforcement-in-the-database.md).

Every trigger function reads and writes tables of `TG_TABLE_SCHEMA`, the schema of the table
that fired it, never the session's search_path: the same function serves every tenant schema,
and a connection that switched tenant before COMMIT still checks the tenant it wrote to.

SQLSTATEs (mapped to error codes by `tenant_apps.finance.services`):
  LG001 unbalanced  LG002 period_locked  LG003 no_fiscal_year  LG004 posted_immutable
  LG005 invalid_line
"""

from django.db import migrations

FUNCTIONS = r"""
-- A posted entry balances, has at least two lines and its total is the sum of its debits.
-- Deferred constraint trigger on lines and entries: runs at COMMIT, whatever wrote the rows.
CREATE OR REPLACE FUNCTION finance_entry_assert_balanced() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    v_entry bigint;
    v_status text;
    v_total numeric;
    v_debit numeric;
    v_credit numeric;
    v_count integer;
BEGIN
    IF TG_TABLE_NAME = 'finance_journalentry' THEN
        v_entry := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN
        v_entry := OLD.entry_id;
    ELSE
        v_entry := NEW.entry_id;
    END IF;
    EXECUTE format('SELECT status, total FROM %I.finance_journalentry WHERE id = $1',
                   TG_TABLE_SCHEMA)
        INTO v_status, v_total USING v_entry;
    IF v_status IS NULL OR v_status = 'draft' THEN
        RETURN NULL;
    END IF;
    EXECUTE format('SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0), count(*) '
                   'FROM %I.finance_journalline WHERE entry_id = $1', TG_TABLE_SCHEMA)
        INTO v_debit, v_credit, v_count USING v_entry;
    IF v_debit <> v_credit OR v_count < 2 OR v_debit <> v_total THEN
        RAISE EXCEPTION USING
            ERRCODE = 'LG001',
            MESSAGE = format('Journal entry %s in %s is unbalanced: debits %s, credits %s, '
                             'total %s, %s lines.', v_entry, TG_TABLE_SCHEMA, v_debit, v_credit,
                             v_total, v_count);
    END IF;
    RETURN NULL;
END
$fn$;

-- Lines of posted (or reversed) entries never change; drafts' lines are free.
CREATE OR REPLACE FUNCTION finance_line_guard() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    v_posted boolean;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.finance_journalentry '
                       'WHERE status <> ''draft'')', TG_TABLE_SCHEMA) INTO v_posted;
        IF v_posted THEN
            RAISE EXCEPTION USING ERRCODE = 'LG004',
                MESSAGE = 'Posted journal lines cannot be truncated.';
        END IF;
        RETURN NULL;
    END IF;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.finance_journalentry '
                   'WHERE id = ANY($1) AND status <> ''draft'')', TG_TABLE_SCHEMA)
        INTO v_posted
        USING CASE WHEN TG_OP = 'UPDATE' THEN ARRAY[OLD.entry_id, NEW.entry_id]
                   ELSE ARRAY[OLD.entry_id] END;
    IF v_posted THEN
        RAISE EXCEPTION USING
            ERRCODE = 'LG004',
            MESSAGE = format('Line %s belongs to a posted journal entry: posted lines cannot '
                             'be changed or deleted; reverse the entry instead.', OLD.id);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$fn$;

-- The statements that check posted lines and add them to the period and day totals: their
-- date and period are the entry's, their accounts are active ledgers, their periods are open
-- (share-locked, so a concurrent lock waits for this transaction). `p_lines` names the lines:
-- a statement's transition table or a subquery. Returned as SQL for the trigger function to
-- EXECUTE itself (transition tables are visible only to the trigger function's own queries).
CREATE OR REPLACE FUNCTION finance_lines_apply_sql(p_schema text, p_lines text)
RETURNS text[] LANGUAGE sql IMMUTABLE AS $fn$
SELECT ARRAY[
    format($q$
        SELECT CASE
            WHEN n.date <> e.date OR n.period_id <> e.period_id THEN
                format('Line %%s: date %%s / period %%s differ from its entry''s %%s / %%s.',
                       n.line_no, n.date, n.period_id, e.date, e.period_id)
            WHEN a.is_group THEN format('Account %%s is a group: post to one of its ledgers.',
                                        a.code)
            ELSE format('Account %%s is inactive.', a.code)
        END
        FROM %2$s n
        JOIN %1$I.finance_journalentry e ON e.id = n.entry_id
        JOIN %1$I.finance_account a ON a.id = n.account_id
        WHERE e.status <> 'draft'
          AND (n.date <> e.date OR n.period_id <> e.period_id OR a.is_group OR NOT a.is_active)
        LIMIT 1 $q$, p_schema, p_lines),
    format($q$
        SELECT string_agg(p.name || ' (' || p.status || ')', ', ')
        FROM (SELECT id, name, status FROM %1$I.finance_period
              WHERE id IN (SELECT n.period_id FROM %2$s n
                           JOIN %1$I.finance_journalentry e ON e.id = n.entry_id
                           WHERE e.status <> 'draft')
              ORDER BY id FOR SHARE) p
        WHERE p.status <> 'open' $q$, p_schema, p_lines),
    format($q$
        INSERT INTO %1$I.finance_accountperiodbalance AS b (account_id, period_id, debit, credit)
        SELECT n.account_id, n.period_id, sum(n.debit), sum(n.credit)
        FROM %2$s n JOIN %1$I.finance_journalentry e ON e.id = n.entry_id
        WHERE e.status <> 'draft'
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (account_id, period_id) DO UPDATE
        SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit $q$,
        p_schema, p_lines),
    format($q$
        INSERT INTO %1$I.finance_accountdaybalance AS b (account_id, date, debit, credit)
        SELECT n.account_id, n.date, sum(n.debit), sum(n.credit)
        FROM %2$s n JOIN %1$I.finance_journalentry e ON e.id = n.entry_id
        WHERE e.status <> 'draft'
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (account_id, date) DO UPDATE
        SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit $q$,
        p_schema, p_lines)
]
$fn$;

-- Statement-level: one pass per INSERT (or COPY), whatever its size.
CREATE OR REPLACE FUNCTION finance_lines_inserted() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    v_sql text[];
    v_problem text;
BEGIN
    IF TG_TABLE_NAME = 'finance_journalline' THEN
        v_sql := finance_lines_apply_sql(TG_TABLE_SCHEMA, 'finance_new_lines');
    ELSIF OLD.status = 'draft' AND NEW.status = 'posted' THEN
        -- a draft was posted: its lines count from now on
        v_sql := finance_lines_apply_sql(
            TG_TABLE_SCHEMA,
            format('(SELECT * FROM %I.finance_journalline WHERE entry_id = %s)',
                   TG_TABLE_SCHEMA, NEW.id));
    ELSE
        RETURN NULL;
    END IF;
    EXECUTE v_sql[1] INTO v_problem;
    IF v_problem IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'LG005', MESSAGE = v_problem;
    END IF;
    EXECUTE v_sql[2] INTO v_problem;
    IF v_problem IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'LG002',
            MESSAGE = format('Period %s does not take postings.', v_problem);
    END IF;
    EXECUTE v_sql[3];
    EXECUTE v_sql[4];
    RETURN NULL;
END
$fn$;

-- Entries: the date lies in the entry's period; posted entries are immutable except
-- posted -> reversed; posting a draft checks and counts its lines; posted entries are never
-- deleted.
CREATE OR REPLACE FUNCTION finance_entry_guard() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    v_start date;
    v_end date;
    v_status text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION USING ERRCODE = 'LG004',
                MESSAGE = format('Journal entry %s is posted: it cannot be deleted.', OLD.number);
        END IF;
        RETURN OLD;
    END IF;

    IF TG_OP = 'UPDATE' AND OLD.status <> 'draft' THEN
        IF NEW.status = 'draft'
           OR (OLD.status = 'reversed' AND NEW.status <> 'reversed')
           OR (NEW.number, NEW.series, NEW.date, NEW.period_id, NEW.total, NEW.currency,
               NEW.exchange_rate, NEW.is_closing, NEW.narration)
              IS DISTINCT FROM
              (OLD.number, OLD.series, OLD.date, OLD.period_id, OLD.total, OLD.currency,
               OLD.exchange_rate, OLD.is_closing, OLD.narration) THEN
            RAISE EXCEPTION USING ERRCODE = 'LG004',
                MESSAGE = format('Journal entry %s is posted: it cannot be changed; reverse it.',
                                 OLD.number);
        END IF;
        RETURN NEW;
    END IF;

    EXECUTE format('SELECT start_date, end_date, status FROM %I.finance_period WHERE id = $1',
                   TG_TABLE_SCHEMA)
        INTO v_start, v_end, v_status USING NEW.period_id;
    IF NEW.date < v_start OR NEW.date > v_end THEN
        RAISE EXCEPTION USING ERRCODE = 'LG005',
            MESSAGE = format('Entry date %s is outside its period (%s to %s).',
                             NEW.date, v_start, v_end);
    END IF;
    IF NEW.status = 'reversed' AND TG_OP = 'INSERT' THEN
        RAISE EXCEPTION USING ERRCODE = 'LG004', MESSAGE = 'An entry cannot be born reversed.';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status <> 'draft' THEN
        -- a draft being posted: finance_entry_posted checks and counts its lines
        IF NEW.status <> 'posted' THEN
            RAISE EXCEPTION USING ERRCODE = 'LG004', MESSAGE = 'A draft can only be posted.';
        END IF;
        IF v_status <> 'open' THEN
            RAISE EXCEPTION USING ERRCODE = 'LG002',
                MESSAGE = format('Period of %s does not take postings (%s).', NEW.date, v_status);
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.status <> 'draft' THEN
        -- inserted as posted: lines follow in this transaction; check the period now too
        IF v_status <> 'open' THEN
            RAISE EXCEPTION USING ERRCODE = 'LG002',
                MESSAGE = format('Period of %s does not take postings (%s).', NEW.date, v_status);
        END IF;
    END IF;
    RETURN NEW;
END
$fn$;

-- Rebuild the totals from the posted lines (maintenance, bulk loads with triggers off).
CREATE OR REPLACE FUNCTION finance_balances_rebuild() RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    DELETE FROM finance_accountperiodbalance;
    DELETE FROM finance_accountdaybalance;
    INSERT INTO finance_accountperiodbalance (account_id, period_id, debit, credit)
    SELECT l.account_id, l.period_id, sum(l.debit), sum(l.credit)
    FROM finance_journalline l JOIN finance_journalentry e ON e.id = l.entry_id
    WHERE e.status <> 'draft' GROUP BY 1, 2;
    INSERT INTO finance_accountdaybalance (account_id, date, debit, credit)
    SELECT l.account_id, l.date, sum(l.debit), sum(l.credit)
    FROM finance_journalline l JOIN finance_journalentry e ON e.id = l.entry_id
    WHERE e.status <> 'draft' GROUP BY 1, 2;
END
$fn$;
"""

# Post one entry in one round trip: find the open period of the date, take the next number of
# the series for its fiscal year (the DocumentSequence row stays locked until COMMIT, as
# tenant_apps.core.services.sequence_next does), insert the entry and its lines (the triggers
# above then check and count them). Runs in the caller's transaction; search_path names the
# tenant.
POST_FUNCTION = r"""
CREATE OR REPLACE FUNCTION finance_entry_post(
    p_date date, p_narration text, p_series text, p_currency text, p_rate numeric,
    p_source_type text, p_source_id bigint, p_user_id bigint, p_lines jsonb,
    p_reversal_of bigint DEFAULT NULL, p_is_closing boolean DEFAULT false,
    OUT entry_id bigint, OUT entry_number text, OUT period_id bigint, OUT entry_total numeric,
    OUT posted_at timestamptz)
LANGUAGE plpgsql AS $fn$
DECLARE
    v_status text;
    v_fy text;
    v_prefix text;
    v_padding integer;
    v_value bigint;
BEGIN
    SELECT p.id, p.status, f.name INTO period_id, v_status, v_fy
    FROM finance_period p JOIN finance_fiscalyear f ON f.id = p.fiscal_year_id
    WHERE p.start_date <= p_date AND p.end_date >= p_date;
    IF period_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'LG003',
            MESSAGE = format('No fiscal year covers %s.', p_date);
    END IF;
    IF v_status <> 'open' THEN
        RAISE EXCEPTION USING ERRCODE = 'LG002',
            MESSAGE = format('The period of %s is %s.', p_date, v_status);
    END IF;
    posted_at := now();
    INSERT INTO core_documentsequence AS s
        (series, fiscal_year, prefix, padding, last_value, created_at, updated_at)
    VALUES (
        p_series, v_fy,
        COALESCE((SELECT prefix FROM core_documentsequence WHERE series = p_series
                  ORDER BY fiscal_year DESC LIMIT 1), upper(p_series)),
        COALESCE((SELECT padding FROM core_documentsequence WHERE series = p_series
                  ORDER BY fiscal_year DESC LIMIT 1), 5),
        1, posted_at, posted_at)
    ON CONFLICT (series, fiscal_year)
    DO UPDATE SET last_value = s.last_value + 1, updated_at = EXCLUDED.updated_at
    RETURNING prefix, padding, last_value INTO v_prefix, v_padding, v_value;
    entry_number := v_prefix || '/' || v_fy || '/' || lpad(v_value::text, v_padding, '0');

    SELECT coalesce(sum((l->>'debit')::numeric), 0) INTO entry_total
    FROM jsonb_array_elements(p_lines) l;

    INSERT INTO finance_journalentry
        (number, series, date, period_id, narration, status, currency, exchange_rate, total,
         source_type, source_id, reversal_of_id, is_closing, posted_at, posted_by_id,
         created_at, updated_at, created_by_id, updated_by_id)
    VALUES (entry_number, p_series, p_date, period_id, p_narration, 'posted', p_currency,
            p_rate, entry_total, p_source_type, p_source_id, p_reversal_of, p_is_closing,
            posted_at, p_user_id, posted_at, posted_at, p_user_id, p_user_id)
    RETURNING id INTO entry_id;

    INSERT INTO finance_journalline
        (entry_id, line_no, account_id, partner_id, description, debit, credit, amount_currency,
         date, period_id)
    SELECT entry_id, l.ord, (l.v->>'account')::bigint, (l.v->>'partner')::bigint,
           coalesce(l.v->>'description', ''), (l.v->>'debit')::numeric,
           (l.v->>'credit')::numeric, (l.v->>'amount_currency')::numeric, p_date, period_id
    FROM jsonb_array_elements(p_lines) WITH ORDINALITY AS l(v, ord);
END
$fn$;
"""

TRIGGERS = r"""
CREATE CONSTRAINT TRIGGER finance_line_balanced
    AFTER INSERT OR UPDATE OR DELETE ON finance_journalline
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION finance_entry_assert_balanced();
CREATE CONSTRAINT TRIGGER finance_entry_balanced
    AFTER INSERT OR UPDATE ON finance_journalentry
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION finance_entry_assert_balanced();
CREATE TRIGGER finance_line_guard
    BEFORE UPDATE OR DELETE ON finance_journalline
    FOR EACH ROW EXECUTE FUNCTION finance_line_guard();
CREATE TRIGGER finance_line_guard_truncate
    BEFORE TRUNCATE ON finance_journalline
    FOR EACH STATEMENT EXECUTE FUNCTION finance_line_guard();
CREATE TRIGGER finance_lines_inserted
    AFTER INSERT ON finance_journalline REFERENCING NEW TABLE AS finance_new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION finance_lines_inserted();
CREATE TRIGGER finance_entry_guard
    BEFORE INSERT OR UPDATE OR DELETE ON finance_journalentry
    FOR EACH ROW EXECUTE FUNCTION finance_entry_guard();
CREATE TRIGGER finance_entry_posted
    AFTER UPDATE ON finance_journalentry
    FOR EACH ROW EXECUTE FUNCTION finance_lines_inserted();
"""

DROP = r"""
DROP TRIGGER IF EXISTS finance_entry_posted ON finance_journalentry;
DROP TRIGGER IF EXISTS finance_entry_guard ON finance_journalentry;
DROP TRIGGER IF EXISTS finance_lines_inserted ON finance_journalline;
DROP TRIGGER IF EXISTS finance_line_guard_truncate ON finance_journalline;
DROP TRIGGER IF EXISTS finance_line_guard ON finance_journalline;
DROP TRIGGER IF EXISTS finance_entry_balanced ON finance_journalentry;
DROP TRIGGER IF EXISTS finance_line_balanced ON finance_journalline;
DROP FUNCTION IF EXISTS finance_entry_post(date, text, text, text, numeric, text, bigint, bigint,
                                           jsonb, bigint, boolean);
DROP FUNCTION IF EXISTS finance_balances_rebuild();
DROP FUNCTION IF EXISTS finance_entry_guard();
DROP FUNCTION IF EXISTS finance_lines_inserted();
DROP FUNCTION IF EXISTS finance_lines_apply_sql(text, text);
DROP FUNCTION IF EXISTS finance_line_guard();
DROP FUNCTION IF EXISTS finance_entry_assert_balanced();
"""


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial"), ("core", "0002_base_model_user_fk_do_nothing")]

    operations = [migrations.RunSQL(FUNCTIONS + POST_FUNCTION + TRIGGERS, DROP)]
