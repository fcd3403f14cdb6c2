"""Test support: real helper processes and utilities shared by the test suite."""
