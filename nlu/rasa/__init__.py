"""Running a real Rasa 3.6 server next to the bot: its environment, models and routing."""
