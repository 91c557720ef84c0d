-- Run once by the postgres image on an empty volume, as `lr stack up` sets up the native cluster
-- (tools/src/lr_tools/stack/privileges.py; docs/security.md, "PostgreSQL least privilege"):
-- lr (POSTGRES_USER) stays the administrator; each service logs in as a role of its own that
-- owns its own database, which no other role may connect to. The passwords are development
-- placeholders (`dev-`), which the services refuse outside development.
\set ON_ERROR_STOP on

CREATE ROLE lr_intake LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD 'dev-intake-db-password';
CREATE ROLE lr_registry LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD 'dev-registry-db-password';
CREATE ROLE lr_portfolio LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD 'dev-portfolio-db-password';
CREATE ROLE lr_notifications LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD 'dev-notifications-db-password';
CREATE ROLE lr_portal LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD 'dev-portal-db-password';
CREATE ROLE lr_profession LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD 'dev-profession-db-password';

CREATE DATABASE lr_intake OWNER lr_intake;
CREATE DATABASE lr_registry OWNER lr_registry;
CREATE DATABASE lr_portfolio OWNER lr_portfolio;
CREATE DATABASE lr_notifications OWNER lr_notifications;
CREATE DATABASE lr_portal OWNER lr_portal;
CREATE DATABASE lr_profession OWNER lr_profession;

REVOKE CONNECT, TEMPORARY ON DATABASE lr_intake FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE lr_registry FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE lr_portfolio FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE lr_notifications FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE lr_portal FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE lr_profession FROM PUBLIC;

-- PostgreSQL 15 lets PUBLIC use (not create in) the public schema; only the owner may now.
\connect lr_intake
REVOKE ALL ON SCHEMA public FROM PUBLIC;
\connect lr_registry
REVOKE ALL ON SCHEMA public FROM PUBLIC;
\connect lr_portfolio
REVOKE ALL ON SCHEMA public FROM PUBLIC;
\connect lr_notifications
REVOKE ALL ON SCHEMA public FROM PUBLIC;
\connect lr_portal
REVOKE ALL ON SCHEMA public FROM PUBLIC;
\connect lr_profession
REVOKE ALL ON SCHEMA public FROM PUBLIC;
