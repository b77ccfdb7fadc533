"""``scrapy shell``, writing no dataset file, report or state (see ``rtnews.commands``)."""

from scrapy.commands.shell import Command as ScrapyCommand

from rtnews.commands.debugging import QuietMixin


class Command(QuietMixin, ScrapyCommand):
    pass
