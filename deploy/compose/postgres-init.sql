-- Run once by the postgres image on an empty volume: one database per service, owned by lr
-- (POSTGRES_USER), as `lr stack up` creates them natively.
CREATE DATABASE lr_intake OWNER lr;
CREATE DATABASE lr_registry OWNER lr;
CREATE DATABASE lr_portfolio OWNER lr;
CREATE DATABASE lr_notifications OWNER lr;
CREATE DATABASE lr_portal OWNER lr;
CREATE DATABASE lr_profession OWNER lr;
