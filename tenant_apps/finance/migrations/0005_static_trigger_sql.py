"""The ledger's trigger functions with static SQL (planned once per session and cached)
instead of `EXECUTE format('%I.table', TG_TABLE_SCHEMA)` (parsed and planned on every call).

Schema qualification is kept: each function pins `search_path` to `TG_TABLE_SCHEMA` for its
own statements (`set_config(..., is_local => true)`) and restores the caller's path before
returning, so a deferred check that fires after the session switched tenant still reads the
schema that was written to. PostgreSQL re-plans a cached plan when search_path differs from
the one it was planned under, so one session serving several tenants stays correct.
Behaviour and SQLSTATEs are those of 0002 (docs/adr/0030-ledger-enforcement-in-the-database.md).
"""

import importlib

from django.db import migrations

previous = importlib.import_module("tenant_apps.finance.migrations.0002_ledger_enforcement")

PIN = "PERFORM set_config('search_path', quote_ident(TG_TABLE_SCHEMA), true);"
UNPIN = "PERFORM set_config('search_path', v_path, true);"


def _apply_lines(source: str) -> str:
    """Check posted lines of `source` and add them to the totals (static SQL)."""
    return f"""
    SELECT CASE
            WHEN n.date <> e.date OR n.period_id <> e.period_id THEN
                format('Line %s: date %s / period %s differ from its entry''s %s / %s.',
                       n.line_no, n.date, n.period_id, e.date, e.period_id)
            WHEN a.is_group THEN format('Account %s is a group: post to one of its ledgers.',
                                        a.code)
            ELSE format('Account %s is inactive.', a.code)
        END
    INTO v_problem
    FROM {source} n
    JOIN finance_journalentry e ON e.id = n.entry_id
    JOIN finance_account a ON a.id = n.account_id
    WHERE e.status <> 'draft'
      AND (n.date <> e.date OR n.period_id <> e.period_id OR a.is_group OR NOT a.is_active)
    LIMIT 1;
    IF v_problem IS NOT NULL THEN
        {UNPIN}
        RAISE EXCEPTION USING ERRCODE = 'LG005', MESSAGE = v_problem;
    END IF;

    SELECT string_agg(p.name || ' (' || p.status || ')', ', ') INTO v_problem
    FROM (SELECT id, name, status FROM finance_period
          WHERE id IN (SELECT n.period_id FROM {source} n
                       JOIN finance_journalentry e ON e.id = n.entry_id
                       WHERE e.status <> 'draft')
          ORDER BY id FOR SHARE) p
    WHERE p.status <> 'open';
    IF v_problem IS NOT NULL THEN
        {UNPIN}
        RAISE EXCEPTION USING ERRCODE = 'LG002',
            MESSAGE = format('Period %s does not take postings.', v_problem);
    END IF;

    INSERT INTO finance_accountperiodbalance AS b (account_id, period_id, debit, credit)
    SELECT n.account_id, n.period_id, sum(n.debit), sum(n.credit)
    FROM {source} n JOIN finance_journalentry e ON e.id = n.entry_id
    WHERE e.status <> 'draft'
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (account_id, period_id) DO UPDATE
    SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit;

    INSERT INTO finance_accountdaybalance AS b (account_id, date, debit, credit)
    SELECT n.account_id, n.date, sum(n.debit), sum(n.credit)
    FROM {source} n JOIN finance_journalentry e ON e.id = n.entry_id
    WHERE e.status <> 'draft'
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (account_id, date) DO UPDATE
    SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit;
"""


FUNCTIONS = rf"""
CREATE OR REPLACE FUNCTION finance_entry_assert_balanced() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    v_path text := current_setting('search_path');
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
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION finance_line_guard() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    v_path text := current_setting('search_path');
    v_posted boolean;
    v_entries bigint[];
BEGIN
    {PIN}
    IF TG_OP = 'TRUNCATE' THEN
        SELECT EXISTS (SELECT 1 FROM finance_journalentry WHERE status <> 'draft') INTO v_posted;
        {UNPIN}
        IF v_posted THEN
            RAISE EXCEPTION USING ERRCODE = 'LG004',
                MESSAGE = 'Posted journal lines cannot be truncated.';
        END IF;
        RETURN NULL;
    END IF;
    v_entries := CASE WHEN TG_OP = 'UPDATE' THEN ARRAY[OLD.entry_id, NEW.entry_id]
                      ELSE ARRAY[OLD.entry_id] END;
    SELECT EXISTS (
        SELECT 1 FROM finance_journalentry WHERE id = ANY(v_entries) AND status <> 'draft'
    ) INTO v_posted;
    {UNPIN}
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

CREATE OR REPLACE FUNCTION finance_lines_inserted() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    v_path text := current_setting('search_path');
    v_problem text;
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

CREATE OR REPLACE FUNCTION finance_entry_guard() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    v_path text := current_setting('search_path');
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

    {PIN}
    SELECT start_date, end_date, status INTO v_start, v_end, v_status
    FROM finance_period WHERE id = NEW.period_id;
    {UNPIN}
    IF NEW.date < v_start OR NEW.date > v_end THEN
        RAISE EXCEPTION USING ERRCODE = 'LG005',
            MESSAGE = format('Entry date %s is outside its period (%s to %s).',
                             NEW.date, v_start, v_end);
    END IF;
    IF NEW.status = 'reversed' AND TG_OP = 'INSERT' THEN
        RAISE EXCEPTION USING ERRCODE = 'LG004', MESSAGE = 'An entry cannot be born reversed.';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status <> 'draft' AND NEW.status <> 'posted' THEN
        RAISE EXCEPTION USING ERRCODE = 'LG004', MESSAGE = 'A draft can only be posted.';
    END IF;
    IF NEW.status <> 'draft' AND v_status <> 'open' THEN
        RAISE EXCEPTION USING ERRCODE = 'LG002',
            MESSAGE = format('Period of %s does not take postings (%s).', NEW.date, v_status);
    END IF;
    RETURN NEW;
END
$fn$;
"""


class Migration(migrations.Migration):
    dependencies = [("finance", "0004_report_permissions")]

    operations = [
        migrations.RunSQL(
            FUNCTIONS + "DROP FUNCTION IF EXISTS finance_lines_apply_sql(text, text);",
            previous.FUNCTIONS,
        )
    ]
