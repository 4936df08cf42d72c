"""Live chat in a real browser: the bot, a person, replies without reload, and JS off."""

from playwright.sync_api import expect

from portal.chat import conversation, queue
from tests.chat.helpers import latest_chat, wifi_article
from tests.e2e.conftest import assert_accessible
from tests.factories import make_user


def test_customer_asks_bot_then_person_and_sees_agent_reply_without_reload(
    app, live_server, page, browser, log_in, csp_violations
):
    wifi_article()
    agent = make_user(role="agent", display_name="Ana Cruz")

    # The agent opens the console and becomes available.
    agent_context = browser.new_context()
    console = agent_context.new_page()
    log_in(console, agent)
    console.get_by_role("link", name="Chats").click()
    console.get_by_role("button", name="Become available").click()
    expect(console.get_by_text("You are available for chats.").first).to_be_visible()
    expect(console.get_by_text("No chat is waiting.")).to_be_visible()
    assert_accessible(console)

    # A visitor reads an article, then opens the chat from the header.
    page.goto(live_server + "/kb/fix-slow-wifi")
    page.locator("#start-chat").click()
    expect(page.get_by_role("heading", name="Chat with us", level=1)).to_be_visible()
    assert_accessible(page)
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Your message").fill("How do I restart the router?")
    page.get_by_role("button", name="Send").click()
    log = page.get_by_role("list", name="Conversation")
    expect(log.get_by_text("Unplug the router for ten seconds")).to_be_visible()
    expect(log.get_by_role("link", name="Read it in “Fix slow or dropping Wi-Fi”")).to_be_visible()
    log.get_by_role("button", name="Yes").click()
    expect(log.get_by_text("This answered the question.")).to_be_visible()
    expect(page.get_by_text("The page you came from")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Talk to a person").click()
    expect(page.get_by_text("You are number 1 in the queue.")).to_be_visible()

    # A visible, sound-free notice on the console; the agent takes the chat with its context.
    expect(console.get_by_text("1 chat is waiting.")).to_be_visible()
    console.get_by_role("button", name="Take").click()
    # The agent reads the article's title; its address is one click away.
    expect(
        console.locator(".context-panel").get_by_text("Fix slow or dropping Wi-Fi").first
    ).to_be_visible()
    console.locator(".context-panel summary").first.click()
    expect(console.get_by_text("/kb/fix-slow-wifi").first).to_be_visible()
    assert_accessible(console)
    expect(page.get_by_text("You are chatting with Ana Cruz from our team.")).to_be_visible()

    # The customer types: the agent sees it; the agent types and answers: the customer sees it.
    page.get_by_label("Your message").press_sequentially("still slow", delay=30)
    expect(console.get_by_text("The customer is typing…")).to_be_visible()
    console.get_by_label("Message").press_sequentially("Let me check", delay=30)
    expect(page.get_by_text("Our agent is typing…")).to_be_visible()
    console.get_by_label("Message").fill("Please move the node to the hallway.")
    console.get_by_role("button", name="Send").click()
    expect(log.get_by_text("Please move the node to the hallway.")).to_be_visible()
    expect(log.get_by_text("Please move the node to the hallway.")).to_have_count(1)
    assert page.evaluate("window.notReloaded") is True  # the same page, never reloaded

    console.get_by_role("button", name="End the chat").click()
    expect(page.get_by_role("heading", name="The chat has ended")).to_be_visible()
    rating = page.locator(".chat-end form[action$='/chat/rate']")
    rating.get_by_label("5", exact=True).check()
    rating.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("You rated this chat 5 out of 5. Thank you.")).to_be_visible()
    # How easy it was comes with the end of the chat, on the same scale.
    ces = page.locator("#ces")
    ces.get_by_label("6", exact=True).check()
    ces.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Thank you for your answer.").first).to_be_visible()
    assert_accessible(page)
    assert_accessible(page)
    agent_context.close()
    assert csp_violations == []


def test_the_whole_chat_works_with_javascript_off(app, live_server, browser):
    wifi_article()
    agent = make_user(role="agent", display_name="Ben Santos")
    queue.set_availability(agent, True)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    page.goto(live_server + "/chat")
    page.get_by_label("Your message").fill("restart the router")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Unplug the router for ten seconds")).to_be_visible()
    page.get_by_role("button", name="No", exact=True).click()
    expect(page.get_by_text("Ask in other words, or talk to a person.")).to_be_visible()

    page.get_by_role("button", name="Talk to a person").click()
    expect(page.get_by_text("You are number 1 in the queue.")).to_be_visible()
    chat = latest_chat()
    queue.take(agent, chat)
    conversation.agent_reply(chat, agent, "Hello, Ben here.")
    page.get_by_role("button", name="Refresh to see new messages").click()
    expect(page.get_by_text("Hello, Ben here.")).to_be_visible()

    page.get_by_label("Your message").fill("Thanks, that fixed it.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Thanks, that fixed it.")).to_be_visible()
    page.get_by_role("button", name="End the chat").click()
    rating = page.locator(".chat-end form[action$='/chat/rate']")
    rating.get_by_label("4", exact=True).check()
    rating.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("You rated this chat 4 out of 5. Thank you.")).to_be_visible()
    page.get_by_label("Your email").fill("ben.customer@example.com")
    page.get_by_role("button", name="Mail me the chat").click()
    expect(page.get_by_text("We mailed the chat to ben.customer@example.com.")).to_be_visible()
    context.close()
