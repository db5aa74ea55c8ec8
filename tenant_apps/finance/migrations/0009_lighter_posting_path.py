"""A lighter posting path, with the same guarantees (docs/adr/0032-posting-path-cost.md).

- Trigger functions pin `search_path` to `TG_TABLE_SCHEMA` only when the session's current
  schema is another one (the common case — Django has already set the tenant — costs no
  `set_config`). Unqualified names resolve in the first schema of the path that holds them, so
  when `current_schema()` is the trigger's schema every table resolves there.
- Posted lines are checked and counted by ONE statement: the lines of posted entries, their
  periods share-locked, both total tables upserted (data-modifying CTEs), and any problem
  returned; a problem raises, which undoes the upserts with the rest of the statement.
- `finance_entry_post` takes the next number with an UPDATE of the sequence row and inserts it
  (ON CONFLICT, as before) only for a series' first number in a fiscal year; a number longer
  than the series' padding is no longer cut to it (`lpad` truncates: entry 100,000 of a
  5-digit series came out as 10000 and collided), it grows as `sequence_next`'s does.

- The deferred balance check runs once per entry, not once per line: a check that finds a
  posted entry balanced remembers it (`finance.entry_checked`, transaction-local, so a rolled
  back savepoint restores it with the data), the other events of that entry skip, and a BEFORE
  STATEMENT trigger on the lines forgets it before any statement can change a line.

SQLSTATEs and messages are those of 0002/0005.
"""

import importlib

from django.db import migrations

previous = importlib.import_module("tenant_apps.finance.migrations.0005_static_trigger_sql")
first = importlib.import_module("tenant_apps.finance.migrations.0002_ledger_enforcement")

PIN = """IF current_schema() IS DISTINCT FROM TG_TABLE_SCHEMA THEN
        v_path := current_setting('search_path');
        PERFORM set_config('search_path', quote_ident(TG_TABLE_SCHEMA), true);
    END IF;"""
UNPIN = "IF v_path IS NOT NULL THEN PERFORM set_config('search_path', v_path, true); END IF;"


def _apply_lines(source: str) -> str:
    """Check the posted lines of `source` and add them to the totals, in one statement."""
    return f"""
    WITH n AS MATERIALIZED (
        SELECT l.line_no, l.account_id, l.period_id, l.date, l.debit, l.credit,
               e.date AS entry_date, e.period_id AS entry_period
        FROM {source} l JOIN finance_journalentry e ON e.id = l.entry_id
        WHERE e.status <> 'draft'
    ),
    locked AS (
        SELECT p.name, p.status FROM finance_period p
        WHERE p.id IN (SELECT period_id FROM n) ORDER BY p.id FOR SHARE
    ),
    by_period AS (
        INSERT INTO finance_accountperiodbalance AS b (account_id, period_id, debit, credit)
        SELECT account_id, period_id, sum(debit), sum(credit) FROM n
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (account_id, period_id) DO UPDATE
        SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit
    ),
    by_day AS (
        INSERT INTO finance_accountdaybalance AS b (account_id, date, debit, credit)
        SELECT account_id, date, sum(debit), sum(credit) FROM n
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (account_id, date) DO UPDATE
        SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit
    )
    SELECT
        (SELECT CASE
                WHEN n.date <> n.entry_date OR n.period_id <> n.entry_period THEN
                    format('Line %s: date %s / period %s differ from its entry''s %s / %s.',
                           n.line_no, n.date, n.period_id, n.entry_date, n.entry_period)
                WHEN a.is_group THEN format('Account %s is a group: post to one of its ledgers.',
                                            a.code)
                ELSE format('Account %s is inactive.', a.code)
            END
         FROM n JOIN finance_account a ON a.id = n.account_id
         WHERE n.date <> n.entry_date OR n.period_id <> n.entry_period OR a.is_group
               OR NOT a.is_active
         LIMIT 1),
        (SELECT string_agg(name || ' (' || status || ')', ', ') FROM locked
         WHERE status <> 'open')
    INTO v_problem, v_period_problem;
    IF v_problem IS NOT NULL THEN
        {UNPIN}
        RAISE EXCEPTION USING ERRCODE = 'LG005', MESSAGE = v_problem;
    END IF;
    IF v_period_problem IS NOT NULL THEN
        {UNPIN}
        RAISE EXCEPTION USING ERRCODE = 'LG002',
            MESSAGE = format('Period %s does not take postings.', v_period_problem);
    END IF;
"""


FUNCTIONS = rf"""
CREATE OR REPLACE FUNCTION finance_entry_assert_balanced() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    v_path text;
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
    -- this entry was found balanced by an earlier event and no line changed since (every
    -- statement on the lines forgets it first: finance_entry_check_forget)
    IF current_setting('finance.entry_checked', true) = TG_TABLE_SCHEMA || '.' || v_entry THEN
        RETURN NULL;
    END IF;
    {PIN}
    SELECT status, total INTO v_status, v_total FROM finance_journalentry WHERE id = v_entry;
    IF v_status IS NULL OR v_status = 'draft' THEN
        {UNPIN}
        RETURN NULL;
    END IF;
    SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0), count(*)
    INTO v_debit, v_credit, v_count
    FROM finance_journalline WHERE entry_id = v_entry;
    {UNPIN}
    IF v_debit <> v_credit OR v_count < 2 OR v_debit <> v_total THEN
        RAISE EXCEPTION USING
            ERRCODE = 'LG001',
            MESSAGE = format('Journal entry %s in %s is unbalanced: debits %s, credits %s, '
                             'total %s, %s lines.', v_entry, TG_TABLE_SCHEMA, v_debit, v_credit,
                             v_total, v_count);
    END IF;
    PERFORM set_config('finance.entry_checked', TG_TABLE_SCHEMA || '.' || v_entry, true);
    RETURN NULL;
END
$fn$;

-- Before any statement on the lines: forget the entry last found balanced (it runs before the
-- statement's rows, so before any of its check events, deferred or immediate).
CREATE OR REPLACE FUNCTION finance_entry_check_forget() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM set_config('finance.entry_checked', '', true);
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION finance_lines_inserted() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    v_path text;
    v_problem text;
    v_period_problem text;
BEGIN
    IF TG_TABLE_NAME = 'finance_journalline' THEN
        {PIN}
        {_apply_lines("finance_new_lines")}
        {UNPIN}
    ELSIF OLD.status = 'draft' AND NEW.status = 'posted' THEN
        -- a draft was posted: its lines count from now on
        {PIN}
        {_apply_lines("(SELECT * FROM finance_journalline WHERE entry_id = NEW.id)")}
        {UNPIN}
    END IF;
    RETURN NULL;
END
$fn$;

"""



def _guard(name: str) -> str:
    """0005's guard function `name` with the conditional pin (the only change to the guards)."""
    start = previous.FUNCTIONS.index(f"CREATE OR REPLACE FUNCTION {name}()")
    end = previous.FUNCTIONS.index("$fn$;", start) + len("$fn$;")
    body = previous.FUNCTIONS[start:end]
    declared = "v_path text := current_setting('search_path');"
    assert body.count(declared) == 1 and previous.PIN in body and previous.UNPIN in body
    return (
        body.replace(declared, "v_path text;")
        .replace(previous.PIN, PIN)
        .replace(previous.UNPIN, UNPIN)
    )


FUNCTIONS += _guard("finance_line_guard") + "\n\n" + _guard("finance_entry_guard") + "\n"

# As 0002's, except the number: an UPDATE of the (series, fiscal year) row, which takes its
# row lock until COMMIT (gapless); the INSERT ... ON CONFLICT only when the row does not exist.
POST_FUNCTION = first.POST_FUNCTION.replace(
    """    posted_at := now();
    INSERT INTO core_documentsequence AS s""",
    """    posted_at := now();
    UPDATE core_documentsequence
    SET last_value = last_value + 1, updated_at = posted_at
    WHERE series = p_series AND fiscal_year = v_fy
    RETURNING prefix, padding, last_value INTO v_prefix, v_padding, v_value;
    IF NOT FOUND THEN
    INSERT INTO core_documentsequence AS s""",
).replace(
    """    RETURNING prefix, padding, last_value INTO v_prefix, v_padding, v_value;
    entry_number""",
    """    RETURNING prefix, padding, last_value INTO v_prefix, v_padding, v_value;
    END IF;
    entry_number""",
)
POST_FUNCTION = POST_FUNCTION.replace(
    "lpad(v_value::text, v_padding, '0')",
    "lpad(v_value::text, greatest(v_padding, length(v_value::text)), '0')",
)
assert "greatest(v_padding" in POST_FUNCTION
assert POST_FUNCTION.count("END IF;") == first.POST_FUNCTION.count("END IF;") + 1


# The total rows are updated by every posting (HOT updates): pages kept half free are pruned
# long before they fill, so the unique-index lookups of the upserts walk short HOT chains.
FILLFACTOR = """
ALTER TABLE finance_accountperiodbalance SET (fillfactor = 50);
ALTER TABLE finance_accountdaybalance SET (fillfactor = 50);
"""
FILLFACTOR_RESET = """
ALTER TABLE finance_accountperiodbalance RESET (fillfactor);
ALTER TABLE finance_accountdaybalance RESET (fillfactor);
"""


FORGET_TRIGGER = """
CREATE TRIGGER finance_line_check_forget
    BEFORE INSERT OR UPDATE OR DELETE ON finance_journalline
    FOR EACH STATEMENT EXECUTE FUNCTION finance_entry_check_forget();
"""
FORGET_TRIGGER_DROP = """
DROP TRIGGER IF EXISTS finance_line_check_forget ON finance_journalline;
DROP FUNCTION IF EXISTS finance_entry_check_forget();
"""


class Migration(migrations.Migration):
    dependencies = [("finance", "0008_reopen_permission")]

    operations = [
        migrations.RunSQL(
            FUNCTIONS + POST_FUNCTION + FILLFACTOR + FORGET_TRIGGER,
            FORGET_TRIGGER_DROP + previous.FUNCTIONS + first.POST_FUNCTION + FILLFACTOR_RESET,
        )
    ]
