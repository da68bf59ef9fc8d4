-- PostgreSQL only. A write prepared on what the server remembered rather than read just now (an
-- API key it verified earlier, the caller's right to create a space) sends the check with its
-- statements, in the same round trip: `SELECT spaceport_require(<condition>)` ahead of them fails
-- the statement, and so the whole write, when the condition no longer holds. The server then does
-- the write the long way, reading everything first (store/Tx.Statement.require, SpaceService).
-- SQLSTATE SPRQ1 is the server's own: nothing else raises it.
CREATE FUNCTION spaceport_require(holds boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF holds IS NOT TRUE THEN
        RAISE EXCEPTION 'a condition this write was prepared under no longer holds'
            USING ERRCODE = 'SPRQ1';
    END IF;
END
$$;
