"""The posting function keeps the ledger's rules itself; the triggers skip only its own rows
(docs/adr/0061-posting-function-keeps-the-rules.md).

`finance_entry_post` is the one writer of posted entries the application uses. It already chose
the period and numbered the entry; it now also refuses what the triggers would have refused —
an unbalanced entry, a closed period (the period row share-locked until COMMIT, as the trigger
locked it), a group or inactive account — and adds the lines to both total tables, all in the
posting statement. While it writes the entry and its lines it sets the transaction-local
`finance.posting` to `on`; the ledger triggers carry `WHEN (finance.posting is not on)`, so its
rows queue no deferred balance events and fire no per-statement trigger (PostgreSQL evaluates a
WHEN condition without calling the trigger function, and does not queue a deferred event whose
condition is false). The function resets the flag before it returns; an error rolls the setting
back with the statement. Every other writer — the ORM, `bulk_create`, raw SQL, a draft being
posted, any later change to the function's rows — fires every trigger as before.

The function also takes the caller's search_path and the call is schema-qualified, so a posting
is one prepared statement: with no transaction open it commits itself (the implicit transaction
of a single statement), with no BEGIN, SET or COMMIT messages.

SQLSTATEs and messages are those of 0002/0005/0009. The old signature is dropped.
"""

import importlib

from django.db import migrations

previous = importlib.import_module("tenant_apps.finance.migrations.0009_lighter_posting_path")
first = importlib.import_module("tenant_apps.finance.migrations.0002_ledger_enforcement")

POST_FUNCTION = r"""
DROP FUNCTION IF EXISTS finance_entry_post(date, text, text, text, numeric, text, bigint, bigint,
                                           jsonb, bigint, boolean);
CREATE OR REPLACE FUNCTION finance_entry_post(
    p_path text, p_date date, p_narration text, p_series text, p_currency text, p_rate numeric,
    p_source_type text, p_source_id bigint, p_user_id bigint, p_lines jsonb,
    p_reversal_of bigint DEFAULT NULL, p_is_closing boolean DEFAULT false,
    OUT o_entry_id bigint, OUT o_number text, OUT o_period_id bigint, OUT o_total numeric,
    OUT o_posted_at timestamptz)
LANGUAGE plpgsql AS $fn$
DECLARE
    v_path text;
    v_status text;
    v_fy text;
    v_prefix text;
    v_padding integer;
    v_value bigint;
    v_credit numeric;
    v_count integer;
    v_problem text;
BEGIN
    -- the tenant's tables: the caller's path, for this call only
    IF current_setting('search_path') IS DISTINCT FROM p_path THEN
        v_path := current_setting('search_path');
        PERFORM set_config('search_path', p_path, true);
    END IF;

    -- the period, share-locked until COMMIT (a period is locked only after the postings in
    -- flight into it have committed, and refuses the ones after), and the lines' sums
    SELECT p.id, p.status, f.name, s.debit, s.credit, s.lines
    INTO o_period_id, v_status, v_fy, o_total, v_credit, v_count
    FROM finance_period p JOIN finance_fiscalyear f ON f.id = p.fiscal_year_id,
         (SELECT coalesce(sum((l->>'debit')::numeric), 0) AS debit,
                 coalesce(sum((l->>'credit')::numeric), 0) AS credit, count(*) AS lines
          FROM jsonb_array_elements(p_lines) l) s
    WHERE p.start_date <= p_date AND p.end_date >= p_date
    FOR SHARE OF p;
    IF o_period_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'LG003',
            MESSAGE = format('No fiscal year covers %s.', p_date);
    END IF;
    IF v_status <> 'open' THEN
        RAISE EXCEPTION USING ERRCODE = 'LG002',
            MESSAGE = format('The period of %s is %s.', p_date, v_status);
    END IF;

    -- balanced, at least two lines (each line one side positive: the lines' CHECK)
    IF o_total <> v_credit OR v_count < 2 THEN
        RAISE EXCEPTION USING ERRCODE = 'LG001',
            MESSAGE = format('Journal entry of %s is unbalanced: debits %s, credits %s, %s lines.',
                             p_date, o_total, v_credit, v_count);
    END IF;

    -- gapless number: the (series, fiscal year) row stays locked until COMMIT
    o_posted_at := now();
    UPDATE core_documentsequence
    SET last_value = last_value + 1, updated_at = o_posted_at
    WHERE series = p_series AND fiscal_year = v_fy
    RETURNING prefix, padding, last_value INTO v_prefix, v_padding, v_value;
    IF NOT FOUND THEN
        INSERT INTO core_documentsequence AS s
            (series, fiscal_year, prefix, padding, last_value, created_at, updated_at)
        VALUES (
            p_series, v_fy,
            COALESCE((SELECT prefix FROM core_documentsequence WHERE series = p_series
                      ORDER BY fiscal_year DESC LIMIT 1), upper(p_series)),
            COALESCE((SELECT padding FROM core_documentsequence WHERE series = p_series
                      ORDER BY fiscal_year DESC LIMIT 1), 5),
            1, o_posted_at, o_posted_at)
        ON CONFLICT (series, fiscal_year)
        DO UPDATE SET last_value = s.last_value + 1, updated_at = EXCLUDED.updated_at
        RETURNING prefix, padding, last_value INTO v_prefix, v_padding, v_value;
    END IF;
    o_number := v_prefix || '/' || v_fy || '/'
        || lpad(v_value::text, greatest(v_padding, length(v_value::text)), '0');

    -- the entry and its lines: checked above, so the triggers let these rows through
    PERFORM set_config('finance.posting', 'on', true);
    INSERT INTO finance_journalentry
        (number, series, date, period_id, narration, status, currency, exchange_rate, total,
         source_type, source_id, reversal_of_id, is_closing, posted_at, posted_by_id,
         created_at, updated_at, created_by_id, updated_by_id)
    VALUES (o_number, p_series, p_date, o_period_id, p_narration, 'posted', p_currency,
            p_rate, o_total, p_source_type, p_source_id, p_reversal_of, p_is_closing,
            o_posted_at, p_user_id, o_posted_at, o_posted_at, p_user_id, p_user_id)
    RETURNING id INTO o_entry_id;

    -- the lines, both totals, and the first line on a group or inactive account: one statement
    WITH l AS MATERIALIZED (
        SELECT x.ord AS line_no, (x.v->>'account')::bigint AS account_id,
               (x.v->>'partner')::bigint AS partner_id,
               coalesce(x.v->>'description', '') AS description,
               (x.v->>'debit')::numeric AS debit, (x.v->>'credit')::numeric AS credit,
               (x.v->>'amount_currency')::numeric AS amount_currency,
               a.code, a.is_group, a.is_active
        FROM jsonb_array_elements(p_lines) WITH ORDINALITY AS x(v, ord)
        -- an unknown account is the foreign key's to refuse, at COMMIT
        LEFT JOIN finance_account a ON a.id = (x.v->>'account')::bigint
    ),
    lines AS (
        INSERT INTO finance_journalline
            (entry_id, line_no, account_id, partner_id, description, debit, credit,
             amount_currency, date, period_id)
        SELECT o_entry_id, line_no, account_id, partner_id, description, debit, credit,
               amount_currency, p_date, o_period_id
        FROM l
    ),
    by_period AS (
        INSERT INTO finance_accountperiodbalance AS b (account_id, period_id, debit, credit)
        SELECT account_id, o_period_id, sum(debit), sum(credit) FROM l
        GROUP BY 1 ORDER BY 1
        ON CONFLICT (account_id, period_id) DO UPDATE
        SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit
    ),
    by_day AS (
        INSERT INTO finance_accountdaybalance AS b (account_id, date, debit, credit)
        SELECT account_id, p_date, sum(debit), sum(credit) FROM l
        GROUP BY 1 ORDER BY 1
        ON CONFLICT (account_id, date) DO UPDATE
        SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit
    )
    SELECT CASE WHEN l.is_group
                THEN format('Account %s is a group: post to one of its ledgers.', l.code)
                ELSE format('Account %s is inactive.', l.code) END
    INTO v_problem
    FROM l WHERE l.is_group OR NOT l.is_active
    ORDER BY l.line_no LIMIT 1;
    PERFORM set_config('finance.posting', '', true);
    IF v_problem IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'LG005', MESSAGE = v_problem;
    END IF;
    IF v_path IS NOT NULL THEN
        PERFORM set_config('search_path', v_path, true);
    END IF;
END
$fn$;
"""

SKIP = "WHEN (current_setting('finance.posting', true) IS DISTINCT FROM 'on')"


def _triggers(when: str) -> str:
    """The five ledger triggers that fire on a posting's inserts, with `when` as condition."""
    return f"""
DROP TRIGGER finance_line_balanced ON finance_journalline;
DROP TRIGGER finance_entry_balanced ON finance_journalentry;
DROP TRIGGER finance_lines_inserted ON finance_journalline;
DROP TRIGGER finance_line_check_forget ON finance_journalline;
DROP TRIGGER finance_entry_guard ON finance_journalentry;
CREATE CONSTRAINT TRIGGER finance_line_balanced
    AFTER INSERT OR UPDATE OR DELETE ON finance_journalline
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW {when}
    EXECUTE FUNCTION finance_entry_assert_balanced();
CREATE CONSTRAINT TRIGGER finance_entry_balanced
    AFTER INSERT OR UPDATE ON finance_journalentry
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW {when}
    EXECUTE FUNCTION finance_entry_assert_balanced();
CREATE TRIGGER finance_lines_inserted
    AFTER INSERT ON finance_journalline REFERENCING NEW TABLE AS finance_new_lines
    FOR EACH STATEMENT {when}
    EXECUTE FUNCTION finance_lines_inserted();
CREATE TRIGGER finance_line_check_forget
    BEFORE INSERT OR UPDATE OR DELETE ON finance_journalline
    FOR EACH STATEMENT {when}
    EXECUTE FUNCTION finance_entry_check_forget();
CREATE TRIGGER finance_entry_guard
    BEFORE INSERT OR UPDATE OR DELETE ON finance_journalentry
    FOR EACH ROW {when}
    EXECUTE FUNCTION finance_entry_guard();
"""


TRIGGERS = _triggers(SKIP)
TRIGGERS_BACK = _triggers("")

POST_FUNCTION_BACK = (
    """
DROP FUNCTION IF EXISTS finance_entry_post(text, date, text, text, text, numeric, text, bigint,
                                           bigint, jsonb, bigint, boolean);
"""
    + previous.POST_FUNCTION
)


class Migration(migrations.Migration):
    dependencies = [("finance", "0013_multiple_bank_ledgers")]

    operations = [migrations.RunSQL(POST_FUNCTION + TRIGGERS, TRIGGERS_BACK + POST_FUNCTION_BACK)]
