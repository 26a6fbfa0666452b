"""Reporting cycles: a team assesses governments from evidence, through review, to a
placement the law allows and a determination draft, with every step on record
(docs/CYCLE.md).

:mod:`tiptiers.cycle.core` is pure (part of the core: the law engine applied to a cycle's
facts, who may do what, the hash chain); :mod:`tiptiers.cycle.tables` and
:mod:`tiptiers.cycle.store` keep cycles in the database, :mod:`tiptiers.cycle.auth` holds
identity (argon2 passwords, hashed API tokens, signed sessions) and
:mod:`tiptiers.cycle.service` is the one set of use cases that the CLI, the REST API and the
pages call. Importing this package imports none of them.
"""
