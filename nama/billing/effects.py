"""Workflow effects billing carries out: assess fees, issue bills."""
