-- python-tds (pytds) at connect.

-- source: pytds src/pytds/tds_socket.py:127-133 (use [db] when the ENVCHANGE database differs from the requested one)
use [Stripe1]
GO
-- source: pytds src/pytds/__init__.py (Connection.isolation_level setter)
SET TRANSACTION ISOLATION LEVEL READ COMMITTED
GO
-- source: pytds tests / docs (cursor.execute of a probe)
SELECT @@VERSION
GO
