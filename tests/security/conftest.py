"""Shared fixtures of the security tests."""

from __future__ import annotations

import functools

import pytest

from portal.auth import services as auth_services
from portal.auth.passwords import hash_password


@functools.cache
def _hash_once(password: str) -> str:
    return hash_password(password)


@pytest.fixture(autouse=True)
def _hash_each_password_once(monkeypatch):
    """These tests make many accounts with the same password: hash it once (scrypt is slow)."""
    monkeypatch.setattr(auth_services, "hash_password", _hash_once)
