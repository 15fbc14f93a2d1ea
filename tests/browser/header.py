"""The site header as a visitor uses it: below 64em its links are in the "Menu" disclosure, which they open first."""

from playwright.sync_api import Page, expect


def open_the_menu(page: Page) -> None:
    """Opens the small-screen menu as a visitor does: a click on "Menu", which then reads "Close"."""
    menu = page.locator("header details.menu")
    menu.locator("summary").get_by_text("Menu", exact=True).click()
    expect(menu).to_have_attribute("open", "")
    expect(menu.locator("summary").get_by_text("Close", exact=True)).to_be_visible()
